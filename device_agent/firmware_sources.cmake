# The portable sources a board's firmware project compiles, shared by every
# port's standalone project (device_agent/ports/<port>/...), by deployments
# and by exported projects, so the ports list only their own files.
#
# Input:  MOTE_SOURCE_ROOT (the tree holding core/ and device_agent/).
#         MOTE_FW_SOURCES / MOTE_FW_INCLUDES may already be given by the
#         studio's own build (its ExternalProject passes them); otherwise
#         they are found here and flatc generates the protocol header.
# Output: MOTE_FW_SOURCES               wire protocol + agent core + simulated sensors
#         MOTE_FW_INCLUDES              include roots for them
#         MOTE_FW_MODEL_RUNTIME_SOURCES int8 kernels + DSP + live inference engine
#                                       (what a firmware carrying a model adds)
if(NOT MOTE_SOURCE_ROOT)
  message(FATAL_ERROR "firmware_sources.cmake: set MOTE_SOURCE_ROOT first")
endif()

if(NOT MOTE_FW_SOURCES)
  find_program(MOTE_FLATC flatc REQUIRED)
  set(_mote_gen ${CMAKE_BINARY_DIR}/generated)
  file(MAKE_DIRECTORY ${_mote_gen})
  execute_process(COMMAND ${MOTE_FLATC} --cpp --scoped-enums -o ${_mote_gen}
                          ${MOTE_SOURCE_ROOT}/core/protocol/mote_protocol.fbs
                  RESULT_VARIABLE _mote_flatc_rc)
  if(NOT _mote_flatc_rc EQUAL 0)
    message(FATAL_ERROR "flatc failed on mote_protocol.fbs")
  endif()
  # flatbuffers' headers sit in /usr/include beside the host C library:
  # expose only that folder to a cross compiler through a private root.
  find_path(MOTE_FLATBUFFERS_ROOT flatbuffers/flatbuffers.h PATHS /usr/include /usr/local/include
            NO_CMAKE_FIND_ROOT_PATH REQUIRED)
  set(_mote_fb ${CMAKE_BINARY_DIR}/flatbuffers_include)
  file(MAKE_DIRECTORY ${_mote_fb})
  file(CREATE_LINK ${MOTE_FLATBUFFERS_ROOT}/flatbuffers ${_mote_fb}/flatbuffers SYMBOLIC)
  file(GLOB _mote_agent_sources CONFIGURE_DEPENDS ${MOTE_SOURCE_ROOT}/device_agent/core/agent/*.cpp
                                                 ${MOTE_SOURCE_ROOT}/device_agent/core/sim/*.cpp)
  set(MOTE_FW_SOURCES
    ${MOTE_SOURCE_ROOT}/core/protocol/cobs.cpp
    ${MOTE_SOURCE_ROOT}/core/protocol/crc32.cpp
    ${MOTE_SOURCE_ROOT}/core/protocol/frame_encoder.cpp
    ${MOTE_SOURCE_ROOT}/core/protocol/frame_decoder.cpp
    ${MOTE_SOURCE_ROOT}/core/protocol/motion_patterns.cpp
    ${_mote_agent_sources})
  set(MOTE_FW_INCLUDES ${MOTE_SOURCE_ROOT}/core ${MOTE_SOURCE_ROOT}/device_agent/core ${_mote_gen} ${_mote_fb})
endif()

file(GLOB _mote_kernel_sources CONFIGURE_DEPENDS ${MOTE_SOURCE_ROOT}/core/nn/kernels/*.cpp)
# The shared DSP without its host-only JSON parsing.
file(GLOB _mote_dsp_sources CONFIGURE_DEPENDS ${MOTE_SOURCE_ROOT}/core/dsp/*.cpp)
list(FILTER _mote_dsp_sources EXCLUDE REGEX "_json\\.cpp$")
file(GLOB _mote_inference_sources CONFIGURE_DEPENDS ${MOTE_SOURCE_ROOT}/device_agent/core/inference/*.cpp)
set(MOTE_FW_MODEL_RUNTIME_SOURCES ${_mote_kernel_sources} ${_mote_dsp_sources} ${_mote_inference_sources})
