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

# mote_firmware_libraries(PORT <library> INCLUDE <dir> SOURCES <port sources...>)
# The three libraries every firmware of a board links: the agent + wire
# protocol (mote_agent_portable), the port's drivers (<library>) and the
# model runtime (mote_model_runtime: kernels, DSP, live engine). A stock
# build (no MOTE_FW_PREBUILT) compiles them and exports them as
# mote-firmware-libs.cmake; a deployment given that file through
# MOTE_FW_PREBUILT imports them and compiles only main.cpp and the model.
function(mote_firmware_libraries)
  cmake_parse_arguments(ARG "" "PORT;INCLUDE" "SOURCES" ${ARGN})
  set(_libs ${ARG_PORT} mote_agent_portable mote_model_runtime)
  if(MOTE_FW_PREBUILT)
    include(${MOTE_FW_PREBUILT})
    foreach(_lib ${_libs})
      if(NOT TARGET ${_lib})
        message(FATAL_ERROR "${MOTE_FW_PREBUILT} does not define ${_lib}: rebuild the studio")
      endif()
    endforeach()
    return()
  endif()
  # The portable parts keep the firmware rules on every port.
  add_library(mote_agent_portable STATIC ${MOTE_FW_SOURCES})
  target_include_directories(mote_agent_portable PUBLIC ${MOTE_FW_INCLUDES})
  target_compile_options(mote_agent_portable PRIVATE -fno-exceptions -fno-rtti)

  add_library(${ARG_PORT} STATIC ${ARG_SOURCES})
  target_include_directories(${ARG_PORT} PUBLIC ${ARG_INCLUDE})
  target_link_libraries(${ARG_PORT} PUBLIC mote_agent_portable)
  target_compile_options(${ARG_PORT} PUBLIC -Wall -Wextra -Wpedantic)

  add_library(mote_model_runtime STATIC ${MOTE_FW_MODEL_RUNTIME_SOURCES})
  target_link_libraries(mote_model_runtime PUBLIC mote_agent_portable)
  target_compile_options(mote_model_runtime PRIVATE -fno-exceptions -fno-rtti)
  export(TARGETS ${_libs} FILE ${CMAKE_CURRENT_BINARY_DIR}/mote-firmware-libs.cmake)
endfunction()
