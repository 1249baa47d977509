#pragma once
// Edits the network's hidden layers (the output dense + softmax are added
// by the impulse): add / remove / move up / move down, and the selected
// layer's parameters in a form whose rows depend on its type. With an input
// shape set, each row shows the layer's output shape, or the first layer
// that cannot take its input. GUI thread only.
#include <QWidget>

#include <vector>

#include "nn/graph/layer_spec.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace mote::studio {

class LayerListEditor : public QWidget {
    Q_OBJECT
public:
    explicit LayerListEditor(QWidget* parent = nullptr);

    // Does not emit changed().
    void setLayers(const std::vector<nn::LayerSpec>& layers);
    const std::vector<nn::LayerSpec>& layers() const { return m_layers; }
    // Features per window and class count, for the shape column (empty = unknown).
    void setInputShape(const std::vector<int>& shape, int classCount);

    // A new layer of `type` with sensible parameters, inserted after the
    // selection (or appended). Public for the tests and the Add menu.
    void addLayer(nn::LayerType type);
    void removeSelected();
    void moveSelected(int delta);
    void selectLayer(int index);
    int selectedIndex() const;
    QListWidget* list() const { return m_list; }
    QString shapeMessage() const;  // "" when the shapes work out

    static nn::LayerSpec defaultLayer(nn::LayerType type);

signals:
    void changed();

private:
    void refreshList();
    void loadForm();
    void storeForm();

    std::vector<nn::LayerSpec> m_layers;
    std::vector<int> m_inputShape;
    int m_classes = 0;
    bool m_loading = false;

    QListWidget* m_list = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_up = nullptr;
    QPushButton* m_down = nullptr;
    QLabel* m_shapeNote = nullptr;
    QWidget* m_params = nullptr;
    QFormLayout* m_form = nullptr;
    QSpinBox* m_units = nullptr;
    QSpinBox* m_filters = nullptr;
    QSpinBox* m_kernelH = nullptr;
    QSpinBox* m_kernelW = nullptr;
    QSpinBox* m_strideH = nullptr;
    QSpinBox* m_strideW = nullptr;
    QComboBox* m_padding = nullptr;
    QComboBox* m_activation = nullptr;
    QSpinBox* m_depthMultiplier = nullptr;
    QDoubleSpinBox* m_rate = nullptr;
    QDoubleSpinBox* m_epsilon = nullptr;
    QDoubleSpinBox* m_momentum = nullptr;
    QLineEdit* m_shape = nullptr;
};

}  // namespace mote::studio
